/**
 * The node's own parameters (the ones the client does not check: it checks every API field) read
 * with their type and range checked against their description. A value set by an expression can
 * be anything, so an object, text or an out-of-range number is refused with an error naming the
 * parameter as the node shows it, before any request.
 *
 * Like the client's form fields: empty text and null mean "not set" (`undefined`), and a number or
 * a boolean may arrive as text ("5", "true").
 */
import type { IExecuteFunctions, INodeProperties, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** A context that reads parameters: an operation's (per item) or a trigger's. */
type ParameterContext = IExecuteFunctions | IPollFunctions;

/**
 * The number parameter at `path` (e.g. `limit`, `options.timeout`), within its description's
 * `minValue`/`maxValue`, and whole unless it declares a `numberPrecision`.
 */
export function readNumber(
	context: ParameterContext,
	itemIndex: number,
	path: string,
	property: INodeProperties,
): number | undefined {
	const { minValue: min, maxValue: max, numberPrecision } = property.typeOptions ?? {};
	const whole = numberPrecision === undefined;
	const range =
		min !== undefined && max !== undefined
			? ` from ${min} to ${max}`
			: min !== undefined
				? ` of at least ${min}`
				: max !== undefined
					? ` of at most ${max}`
					: '';
	return read(context, itemIndex, path, property, `${whole ? 'a whole number' : 'a number'}${range}`, (value) => {
		const number = typeof value === 'string' ? Number(value) : value;
		if (typeof number !== 'number' || !Number.isFinite(number)) return undefined;
		if (whole && !Number.isInteger(number)) return undefined;
		if ((min !== undefined && number < min) || (max !== undefined && number > max)) return undefined;
		return number;
	});
}

/** The text parameter at `path`, trimmed. */
export function readString(
	context: ParameterContext,
	itemIndex: number,
	path: string,
	property: INodeProperties,
): string | undefined {
	const expected = property.placeholder ? `text, ${property.placeholder}` : 'text';
	return read(context, itemIndex, path, property, expected, (value) => (typeof value === 'string' ? value : undefined));
}

/** The boolean parameter at `path`. */
export function readBoolean(
	context: ParameterContext,
	itemIndex: number,
	path: string,
	property: INodeProperties,
): boolean | undefined {
	return read(context, itemIndex, path, property, 'true or false', (value) => {
		if (typeof value === 'boolean') return value;
		const text = typeof value === 'string' ? value.toLowerCase() : '';
		return text === 'true' ? true : text === 'false' ? false : undefined;
	});
}

/** The options parameter at `path`: one of the values its description lists. */
export function readOption(
	context: ParameterContext,
	itemIndex: number,
	path: string,
	property: INodeProperties,
): string | undefined {
	const values = (property.options ?? []).flatMap((option) => ('value' in option ? [String(option.value)] : []));
	return read(context, itemIndex, path, property, `one of ${values.join(', ')}`, (value) =>
		typeof value === 'string' && values.includes(value) ? value : undefined,
	);
}

/**
 * Reads the value at `path` and gives it to `accept`, which returns it typed, or `undefined` to
 * refuse it as not being `expected`. Absent values are `undefined` (refused when required).
 */
function read<T>(
	context: ParameterContext,
	itemIndex: number,
	path: string,
	property: INodeProperties,
	expected: string,
	accept: (value: unknown) => T | undefined,
): T | undefined {
	// null as the fallback: an option left out of its collection reads as "not set", not an error.
	const raw: unknown =
		'getInputData' in context
			? context.getNodeParameter(path, itemIndex, null)
			: context.getNodeParameter(path, null);
	const value = typeof raw === 'string' ? raw.trim() : raw;
	if (value === undefined || value === null || value === '') {
		if (property.required) refuse(context, itemIndex, path, property, 'is empty', expected);
		return undefined;
	}
	const accepted = accept(value);
	if (accepted === undefined) refuse(context, itemIndex, path, property, `must be ${expected} (got ${describe(value)})`, expected);
	return accepted;
}

function refuse(
	context: ParameterContext,
	itemIndex: number,
	path: string,
	property: INodeProperties,
	problem: string,
	expected: string,
): never {
	const label = labelOf(path, property);
	throw new NodeOperationError(context.getNode(), `${label}: ${problem}`, {
		itemIndex,
		description: `Set ${label} to ${expected}; if an expression sets it, check what it gives for this item. Nothing was sent to Stablecog. [item ${itemIndex}]`,
	});
}

/**
 * The parameter as the node shows it: `Options → Timeout (Seconds)` for `options.timeout`. A
 * collection's display name is its name capitalised (Options, Filters).
 */
function labelOf(path: string, property: INodeProperties): string {
	const parents = path.split('.').slice(0, -1);
	return [...parents.map((name) => name.charAt(0).toUpperCase() + name.slice(1)), property.displayName].join(' → ');
}

/** A value for a message: short, and never "[object Object]". */
function describe(value: unknown): string {
	if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
	if (typeof value === 'bigint') return `the BigInt ${value}`;
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	return String(value);
}
