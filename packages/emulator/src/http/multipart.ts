import busboy from 'busboy';
import type { IncomingHttpHeaders } from 'node:http';

/** A part that carried a file name. */
export interface FilePart {
  filename: string;
  mimeType: string;
  data: Buffer;
}

/** The parts of a multipart body: file parts (with a file name) and plain fields. */
export interface MultipartBody {
  files: Map<string, FilePart>;
  fields: Map<string, string>;
}

/** The body is not a readable multipart form (the server answers `parse_error` with this description). */
export class MultipartError extends Error {}

/** Parses a multipart/form-data body already read into memory. */
export function parseMultipart(headers: IncomingHttpHeaders, body: Buffer): Promise<MultipartBody> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers });
    } catch (err) {
      reject(new MultipartError(err instanceof Error ? err.message : String(err)));
      return;
    }
    const result: MultipartBody = { files: new Map(), fields: new Map() };
    const pending: Array<Promise<void>> = [];
    parser.on('file', (name, stream, info) => {
      pending.push(
        new Promise((done, fail) => {
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', fail);
          stream.on('end', () => {
            if (!result.files.has(name)) result.files.set(name, { filename: info.filename, mimeType: info.mimeType, data: Buffer.concat(chunks) });
            done();
          });
        }),
      );
    });
    parser.on('field', (name, value) => {
      if (!result.fields.has(name)) result.fields.set(name, value);
    });
    parser.on('error', (err: Error) => reject(new MultipartError(err.message)));
    parser.on('close', () => {
      Promise.all(pending).then(() => resolve(result), (err: Error) => reject(new MultipartError(err.message)));
    });
    parser.end(body);
  });
}
