import addressparser from 'nodemailer/lib/addressparser';

/**
 * An e-mail address as the mailer will use it: one bare addr-spec (no display name, no group, no
 * list), a dot-atom local part and a host name with a top-level domain. nodemailer's own parser must
 * read back exactly the same address, so what passes here is what the SMTP envelope gets.
 * (`<svg/onload=alert(1)>@evil.de` passes a loose "x@y.z" check, but nodemailer reads it as the
 * address `svg/onload=alert` with a display name.)
 */
const atext = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const localPart = `${atext}+(?:\\.${atext}+)*`;
const label = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const addrSpec = new RegExp(`^${localPart}@(?:${label}\\.)+[A-Za-z]{2,63}$`);

export function isMailableAddress(address: string): boolean {
  if (address.length > 254 || !addrSpec.test(address) || address.split('@')[0].length > 64) return false;
  const parsed = addressparser(address);
  const only = parsed.length === 1 ? parsed[0] : undefined;
  return !!only && 'address' in only && only.name === '' && only.address === address;
}
