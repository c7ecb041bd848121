import zlib from 'node:zlib';
import { encodedFile, type BuiltFile } from './bundler';

const text = (s: string): BuiltFile => ({ contents: Buffer.from(s), contentType: 'text/javascript; charset=utf-8', etag: '"x"' });
const big = 'export const greeting = "Guten Tag";\n'.repeat(200);

test('brotli when accepted, kept for the next request', async () => {
  const file = text(big);
  const first = await encodedFile(file, 'gzip, deflate, br', 5);
  expect(first.encoding).toBe('br');
  expect(zlib.brotliDecompressSync(first.body).toString()).toBe(big);
  expect(first.body.length).toBeLessThan(big.length / 10);
  const again = await encodedFile(file, 'br', 5);
  expect(again.body).toBe(first.body);
});

test('gzip when brotli is refused or unknown; as is when nothing fits', async () => {
  expect((await encodedFile(text(big), 'br;q=0, gzip;q=0.5', 5)).encoding).toBe('gzip');
  expect((await encodedFile(text(big), 'gzip', 5)).encoding).toBe('gzip');
  expect((await encodedFile(text(big), undefined, 5)).encoding).toBeUndefined();
  expect((await encodedFile(text(big), 'identity', 5)).encoding).toBeUndefined();
});

test('small files and fonts go as they are', async () => {
  expect((await encodedFile(text('x'), 'br', 5)).encoding).toBeUndefined();
  const font: BuiltFile = { contents: Buffer.alloc(5000, 1), contentType: 'font/woff2', etag: '"f"' };
  expect((await encodedFile(font, 'br', 5)).encoding).toBeUndefined();
});
