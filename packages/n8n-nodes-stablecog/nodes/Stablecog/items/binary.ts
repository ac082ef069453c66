/** Images taken from the binary data of an input item. */
import type { IExecuteFunctions } from 'n8n-workflow';
import type { FileInput } from '@stablecog/client/core';
import { StablecogNodeProblem } from '../../../helpers/errors';

/** The image in binary field `field` of item `itemIndex`, ready for an upload or an upscale. */
export async function readImageFile(
	context: IExecuteFunctions,
	itemIndex: number,
	field: string,
	label: string,
): Promise<FileInput> {
	const binary = context.getInputData()[itemIndex]?.binary ?? {};
	if (!binary[field]) {
		const present = Object.keys(binary);
		throw new StablecogNodeProblem(
			'invalid_parameter',
			`${label}: the input item has no binary field "${field}"`,
			present.length
				? `Use one of the item's binary fields: ${present.join(', ')}.`
				: 'The input item carries no binary data: add a node before this one that reads or downloads the image.',
		);
	}
	const metadata = context.helpers.assertBinaryData(itemIndex, field);
	const data = new Uint8Array(await context.helpers.getBinaryDataBuffer(itemIndex, field));
	// The type is read from the bytes by the client: a binary field's MIME type may be wrong.
	return { data, ...(metadata.fileName ? { filename: metadata.fileName } : {}) };
}
