/**
 * Output items for images: one item per image, its JSON always carrying the ids and URLs (an AI
 * agent only ever sees the JSON), and optionally the image itself in a binary field.
 */
import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { downloadImage } from './download';
import { binaryPropertyNameOption, downloadImagesOption } from './descriptions';
import { readBoolean, readString } from './parameters';

/** Where (and whether) to put downloaded images. */
export interface DownloadSettings {
	/** Whether to download each image into the item's binary data. */
	download: boolean;
	/** The binary field that receives the image. */
	binaryPropertyName: string;
}

/** The settings of item `itemIndex` from Options → Download Images and Put Output in Field. */
export function downloadSettings(
	context: IExecuteFunctions | IPollFunctions,
	itemIndex: number,
	downloadByDefault: boolean,
): DownloadSettings {
	const download = downloadImagesOption(downloadByDefault);
	return {
		download: readBoolean(context, itemIndex, 'options.downloadImages', download) ?? downloadByDefault,
		binaryPropertyName:
			readString(context, itemIndex, 'options.binaryPropertyName', binaryPropertyNameOption) ??
			String(binaryPropertyNameOption.default),
	};
}

/** One image to emit: its JSON, its id (for the file name) and the URL to download. */
export interface ImageResult {
	id: string;
	url: string;
	json: IDataObject;
}

/**
 * The items for `images`. A failed download keeps the item (the image exists and was paid for),
 * without binary data and with `download_error` saying why.
 */
export async function imageItems(
	context: IExecuteFunctions | IPollFunctions,
	images: ImageResult[],
	settings: DownloadSettings,
	signal?: AbortSignal,
): Promise<INodeExecutionData[]> {
	return await Promise.all(
		images.map(async (image): Promise<INodeExecutionData> => {
			if (!settings.download) return { json: image.json };
			try {
				const { data, mimeType } = await downloadImage(context, image.url, signal);
				const fileName = `${image.id}.jpeg`;
				const binary = context.getExecutionId()
					? await context.helpers.prepareBinaryData(data, fileName, mimeType)
					: inlineBinary(data, fileName, mimeType);
				return { json: image.json, binary: { [settings.binaryPropertyName]: binary } };
			} catch (error) {
				return {
					json: { ...image.json, download_error: (error as Error).message },
				};
			}
		}),
	);
}

/**
 * An image kept in the item itself. An active trigger's poll runs before its execution exists, and
 * n8n stores what a poll hands it under the placeholder execution `temp`, which it links to the
 * execution only for webhooks: in `database` mode (queue mode's) and `filesystem` mode the editor
 * could not show those images and they were never deleted. Inline, they travel with the
 * execution's data: shown in the editor, deleted with the execution.
 */
function inlineBinary(data: Buffer, fileName: string, mimeType: string): IBinaryData {
	return { data: data.toString('base64'), mimeType, fileName, fileExtension: 'jpeg', fileType: 'image', fileSize: `${data.length} B` };
}
