/**
 * Attachments: the photos of meter readings and of captured claims' invoices (and PDFs where a
 * caller accepts them). The type is read from the bytes, never trusted from the upload's
 * Content-Type or file name: a file that is not an image is refused before anything is stored.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../../db';
import { CareError } from './errors';

export type AttachmentAccept = 'image' | 'image-or-pdf';

export interface StoredAttachment {
  id: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
}

export interface Attachment {
  id: string;
  mediaType: string;
  sizeBytes: number;
  filename: string | null;
  bytes: Buffer;
  uploadedBy: string;
  createdAt: Date;
}

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'] as const;

/** The media type the bytes' signature names, if it is one we keep. */
export function sniffMediaType(bytes: Buffer): string | undefined {
  const at = (offset: number, sig: number[]) => sig.every((b, i) => bytes[offset + i] === b);
  const ascii = (offset: number, s: string) => bytes.subarray(offset, offset + s.length).toString('latin1') === s;
  if (at(0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  // ISO base media file: size, 'ftyp', then the brand. Phones' photos are HEIC/HEIF.
  if (ascii(4, 'ftyp') && ['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].includes(bytes.subarray(8, 12).toString('latin1'))) {
    return 'image/heic';
  }
  if (ascii(0, '%PDF-')) return 'application/pdf';
  return undefined;
}

export async function storeAttachment(
  db: Database,
  input: { bytes: Buffer; filename?: string; uploadedBy: string; maxBytes: number; accept?: AttachmentAccept },
): Promise<StoredAttachment> {
  const { bytes } = input;
  if (bytes.length === 0) throw new CareError('invalid', 'The file is empty', 'photo');
  if (bytes.length > input.maxBytes) {
    throw new CareError('invalid', `The file is larger than ${Math.floor(input.maxBytes / 1024)} KiB`, 'photo');
  }
  const mediaType = sniffMediaType(bytes);
  const allowed: readonly string[] = input.accept === 'image-or-pdf' ? [...IMAGE_TYPES, 'application/pdf'] : IMAGE_TYPES;
  if (!mediaType || !allowed.includes(mediaType)) {
    throw new CareError(
      'invalid',
      input.accept === 'image-or-pdf'
        ? 'The file is neither an image (JPEG, PNG, WebP, HEIC) nor a PDF'
        : 'The file is not an image (JPEG, PNG, WebP, HEIC)',
      'photo',
    );
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const [row] = await db('attachments')
    .insert({
      media_type: mediaType,
      size_bytes: bytes.length,
      sha256,
      filename: input.filename?.slice(0, 200) ?? null,
      bytes,
      uploaded_by: input.uploadedBy,
    })
    .returning(['id']);
  return { id: row.id as string, mediaType, sizeBytes: bytes.length, sha256 };
}

export async function getAttachment(db: Database, id: string): Promise<Attachment | undefined> {
  const r = await db('attachments').where({ id }).first();
  if (!r) return undefined;
  return {
    id: r.id,
    mediaType: r.media_type,
    sizeBytes: r.size_bytes,
    filename: r.filename ?? null,
    bytes: Buffer.from(r.bytes),
    uploadedBy: r.uploaded_by,
    createdAt: new Date(r.created_at),
  };
}
