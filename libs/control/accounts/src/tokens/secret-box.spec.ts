import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  it('opens what it sealed, and refuses another secret or a tampered box', () => {
    const box = new SecretBox('s3cret');
    const sealed = box.seal('private key');
    expect(sealed).not.toContain('private key');
    expect(box.open(sealed)).toBe('private key');
    expect(() => new SecretBox('other').open(sealed)).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
  });
});
