/** Test helpers for PDF signatures: a throwaway certificate and a verification of the CMS signature with node-forge. */
import { createHash, generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

/** A throwaway self-signed certificate as PKCS#12; Node makes the key (forge's pure-JS keygen is slow). */
export function selfSignedP12(passphrase: string): { p12: Buffer; cert: forge.pki.Certificate } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  const subject = [
    { name: 'commonName', value: 'Rheinstrom Energie GmbH Rechnungssiegel (Test)' },
    { name: 'countryName', value: 'DE' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(key, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], passphrase, { algorithm: '3des' });
  return { p12: Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'), cert };
}

/** Checks the CMS signature the way a validator does: digest of the byte ranges, then the signer's signature over the signed attributes. */
export function verifyPdfSignature(signed: Buffer, cert: forge.pki.Certificate): { digestMatches: boolean; signatureValid: boolean } {
  const text = signed.toString('latin1');
  const br = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text);
  if (!br) throw new Error('no /ByteRange');
  const [a, b, c, d] = br.slice(1).map(Number);
  const covered = Buffer.concat([signed.subarray(a, a + b), signed.subarray(c, c + d)]);
  // The gap between the ranges is exactly the /Contents hex string.
  const contentsHex = signed
    .subarray(a + b + 1, c - 1)
    .toString('latin1')
    .replace(/(00)+$/, '');
  const p7 = forge.pkcs7.messageFromAsn1(forge.asn1.fromDer(forge.util.hexToBytes(contentsHex))) as forge.pkcs7.PkcsSignedData & {
    rawCapture: { authenticatedAttributes: forge.asn1.Asn1[]; signature: string };
  };
  const { authenticatedAttributes, signature } = p7.rawCapture;
  const digestAttr = authenticatedAttributes.find(
    (attr) => forge.asn1.derToOid((attr.value as forge.asn1.Asn1[])[0].value as string) === forge.pki.oids.messageDigest,
  )!;
  const digestValue = (((digestAttr.value as forge.asn1.Asn1[])[1].value as forge.asn1.Asn1[])[0].value as string) ?? '';
  const digestMatches = Buffer.from(digestValue, 'binary').equals(createHash('sha256').update(covered).digest());
  // Signed attributes are signed as a DER SET (RFC 5652 5.4), not as the [0] IMPLICIT they are stored in.
  const set = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, authenticatedAttributes);
  const md = forge.md.sha256.create().update(forge.asn1.toDer(set).getBytes());
  const signatureValid = (cert.publicKey as forge.pki.rsa.PublicKey).verify(md.digest().bytes(), signature);
  return { digestMatches, signatureValid };
}
