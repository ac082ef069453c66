/**
 * The node's own parameters (the ones the client does not check: it checks every API field) read
 * with the core's form rules, derived from each parameter's description. A value set by an
 * expression can be anything, so an object, text or an out-of-range number is refused with an
 * error naming the parameter as the node shows it, before any request.
 */
import type { IExecuteFunctions, INodeProperties, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { readFormValue, type FormRule } from '@stablecog/client/core';

/** A context that reads parameters: an operation's (per item) or a trigger's. */
type ParameterContext = IExecuteFunctions | IPollFunctions;

/** What the parameter's description allows, as the core's form rule. */
function ruleOf(property: INodeProperties): FormRule {
	const { minValue: min, maxValue: max, numberPrecision } = property.typeOptions ?? {};
	switch (property.type) {
		case 'number':
			return { type: 'number', min, max, whole: numberPrecision === undefined };
		case 'boolean':
			return { type: 'boolean' };
		case 'options':
			return { type: 'option', values: (property.options ?? []).flatMap((option) => ('value' in option ? [String(option.value)] : [])) };
		default:
			return { type: 'text', example: property.placeholder };
	}
}

/**
 * The parameter at `path` (e.g. `limit`, `options.timeout`), checked against its description;
 * `undefined` when not set.
 */
function read(context: ParameterContext, itemIndex: number, path: string, property: INodeProperties): unknown {
	// null as the fallback: an option left out of its collection reads as "not set", not an error.
	const raw: unknown =
		'getInputData' in context ? context.getNodeParameter(path, itemIndex, null) : context.getNodeParameter(path, null);
	const reading = readFormValue(raw, ruleOf(property), property.required);
	if (reading.ok) return reading.value;
	const label = labelOf(path, property);
	throw new NodeOperationError(context.getNode(), `${label}: ${reading.problem}`, {
		itemIndex,
		description: `Set ${label} to ${reading.expected}; if an expression sets it, check what it gives for this item. Nothing was sent to Stablecog. [item ${itemIndex}]`,
	});
}

type Reader<T> = (context: ParameterContext, itemIndex: number, path: string, property: INodeProperties) => T | undefined;

/** A number parameter, within its `minValue`/`maxValue`, whole unless it declares a `numberPrecision`. */
export const readNumber = read as Reader<number>;
/** A text parameter, trimmed. */
export const readString = read as Reader<string>;
/** A boolean parameter ("true"/"false" as text too). */
export const readBoolean = read as Reader<boolean>;
/** An options parameter: one of the values its description lists. */
export const readOption = read as Reader<string>;

/**
 * The parameter as the node shows it: `Options → Timeout (Seconds)` for `options.timeout`. A
 * collection's display name is its name capitalised (Options, Filters).
 */
function labelOf(path: string, property: INodeProperties): string {
	const parents = path.split('.').slice(0, -1);
	return [...parents.map((name) => name.charAt(0).toUpperCase() + name.slice(1)), property.displayName].join(' → ');
}
