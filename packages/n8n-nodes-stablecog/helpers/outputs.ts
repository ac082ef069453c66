/** Outputs of the history (`GET /v1/image/generation/outputs`) as item JSON. */
import type { IDataObject } from 'n8n-workflow';
import { flattenOutput, type Output } from '@stablecog/client/core';

/** An output as item JSON: the core's flat record, or everything the API sent. */
export function outputJson(output: Output, simplify: boolean): IDataObject {
	return (simplify ? flattenOutput(output) : output) as unknown as IDataObject;
}
