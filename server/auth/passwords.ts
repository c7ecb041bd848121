import bcrypt from 'bcryptjs';

/** bcrypt cost 10: ~70 ms per check here, slow for guessing, fast enough for a sign-in. */
const ROUNDS = 10;
/** A hash of nothing anyone knows: unknown usernames cost as much time as wrong passwords. */
const DUMMY_HASH = bcrypt.hashSync('no user has this password', ROUNDS);

export const MIN_PASSWORD_LENGTH = 8;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, ROUNDS);
}

export async function verifyPassword(password: string, hash: string | undefined): Promise<boolean> {
  const ok = await bcrypt.compare(password, hash ?? DUMMY_HASH);
  return ok && hash !== undefined;
}
