import type { App, Call } from '../app';
import { BodyTooLargeError, readBody } from '../http/body';
import { MultipartError, parseMultipart } from '../http/multipart';
import { apiError, entityTooLarge, json, type Reply } from '../http/reply';
import { sniffImage } from '../images/sniff';

/**
 * `POST /v1/image/upload`: stores a multipart `file` (JPEG, PNG or WebP by content) as
 * `s3://<sha256(user_id)>/<uuid>.<ext>`, usable only by its owner. Free, but needs credits > 0.
 */
export async function upload(app: App, call: Call): Promise<Reply> {
  const account = call.account!;
  // sc-go uploadapi/api/controller.go HandleUpload: banned before the credit check.
  if (account.banned) return apiError(403, 'Forbidden');
  if (app.accounts.total(account) <= 0) return apiError(400, 'insufficient_credits');
  let form;
  try {
    form = await parseMultipart(call.req.headers, await readBody(call.req));
  } catch (err) {
    if (err instanceof MultipartError) return apiError(400, 'parse_error', { description: err.message });
    if (err instanceof BodyTooLargeError) return entityTooLarge();
    throw err;
  }
  // A part named `file` without a file name is a plain field, not a file: rejected.
  const file = form.files.get('file');
  if (!file || !file.filename) return apiError(400, 'invalid_file', { description: 'the form needs a "file" part with a file name' });
  const info = sniffImage(file.data);
  if (!info) return apiError(400, 'invalid_content_type', { description: 'the file must be a JPEG, PNG or WebP image' });
  const object = app.uploads.put(account.userId, account.identifier, { ...info, bytes: file.data });
  return json(200, { object: object.key });
}
