/** Outputs of the history (`GET /v1/image/generation/outputs`) as item JSON. */
import type { IDataObject } from 'n8n-workflow';
import type { Output } from '@stablecog/client/core';

/** The fields most workflows need, flat, with the API's names. */
export function simplifyOutput(output: Output): IDataObject {
	const generation = output.generation;
	const json: IDataObject = {
		id: output.id,
		image_url: output.image_url,
		upscaled_image_url: output.upscaled_image_url ?? null,
		created_at: output.created_at,
		generation_id: generation.id,
		prompt: generation.prompt?.text ?? null,
		negative_prompt: generation.negative_prompt?.text ?? null,
		seed: generation.seed ?? null,
		width: generation.width ?? null,
		height: generation.height ?? null,
		model_id: generation.model_id ?? null,
		scheduler_id: generation.scheduler_id ?? null,
		guidance_scale: generation.guidance_scale ?? null,
		inference_steps: generation.inference_steps ?? null,
		gallery_status: output.gallery_status ?? null,
		is_favorited: output.is_favorited ?? false,
	};
	return json;
}

/** An output as item JSON: simplified, or everything the API sent. */
export function outputJson(output: Output, simplify: boolean): IDataObject {
	return simplify ? simplifyOutput(output) : (output as unknown as IDataObject);
}

/** The URL to download for an output: the upscaled image when there is one. */
export function outputImageUrl(output: Output): string {
	return output.upscaled_image_url || output.image_url;
}
