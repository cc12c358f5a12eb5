import * as argon2 from 'argon2';

/** argon2id with the library's recommended cost (OWASP-grade defaults). */
export class PasswordHasher {
  /** Verified against when a user does not exist, so timing does not reveal which usernames exist. */
  private dummy?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    if (!hash) {
      this.dummy ??= this.hash('restgw-dummy-password');
      await argon2.verify(await this.dummy, password).catch(() => false);
      return false;
    }
    return argon2.verify(hash, password).catch(() => false);
  }
}
