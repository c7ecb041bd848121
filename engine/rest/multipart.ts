/**
 * multipart/form-data bodies (deployments). Parsing is delegated to the WHATWG `Response.formData()`
 * of Node's built-in fetch implementation, a complete and maintained parser, so no extra package.
 */
import { InvalidArgumentError } from '../errors';

export interface MultipartFile {
  field: string;
  filename: string;
  content: Buffer;
  /** The part's Content-Type, if it named one. */
  contentType?: string;
}

export interface MultipartBody {
  files: MultipartFile[];
  fields: Record<string, string[]>;
}

export function isMultipartBody(body: unknown): body is MultipartBody {
  return typeof body === 'object' && body !== null && Array.isArray((body as MultipartBody).files);
}

export async function parseMultipart(contentType: string, body: Buffer): Promise<MultipartBody> {
  if (!/boundary=/i.test(contentType)) {
    throw new InvalidArgumentError('multipart/form-data without boundary', [{ field: 'Content-Type', message: 'must carry a boundary' }]);
  }
  let form: FormData;
  try {
    const bytes = new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength);
    form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch (err) {
    throw new InvalidArgumentError(`Malformed multipart/form-data body: ${(err as Error).message}`, [
      { field: 'body', message: 'is not valid multipart/form-data' },
    ]);
  }
  const out: MultipartBody = { files: [], fields: {} };
  const parts: [string, FormDataEntryValue][] = [];
  form.forEach((value, field) => parts.push([field, value]));
  for (const [field, value] of parts) {
    if (typeof value === 'string') (out.fields[field] ??= []).push(value);
    else
      out.files.push({
        field,
        filename: value.name,
        content: Buffer.from(await value.arrayBuffer()),
        ...(value.type ? { contentType: value.type } : {}),
      });
  }
  return out;
}
