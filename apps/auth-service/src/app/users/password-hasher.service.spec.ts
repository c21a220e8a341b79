import { hash } from '@node-rs/argon2';
import { PasswordHasher } from './password-hasher.service';

describe(PasswordHasher.name, () => {
  const sut = new PasswordHasher();

  it('hashes with argon2id, a salt per hash and the configured cost', async () => {
    const first = await sut.hash('correct horse battery staple');
    const second = await sut.hash('correct horse battery staple');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('correct horse');
  });

  it('accepts the right password and refuses a wrong one', async () => {
    const stored = await sut.hash('correct horse battery staple');
    await expect(sut.verify(stored, 'correct horse battery staple')).resolves.toBe(true);
    await expect(sut.verify(stored, 'Correct horse battery staple')).resolves.toBe(false);
  });

  it('refuses every password against a malformed stored hash', async () => {
    await expect(sut.verify('not-a-hash', 'anything')).resolves.toBe(false);
  });

  it('refuses an unknown user after a full argon2id verification of the same cost as a known one', async () => {
    // Same work, not a timing measurement: the dummy hash has the parameters of real hashes.
    const verify = jest.spyOn(sut, 'verify');
    await expect(sut.verifyOrDummy(undefined, 'correct horse battery staple')).resolves.toBe(false);
    expect(verify).toHaveBeenCalledTimes(1);
    const [dummyHash, password] = verify.mock.calls[0];
    expect(dummyHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(password).toBe('correct horse battery staple');
    verify.mockRestore();
  });

  it('asks for a rehash of hashes made with weaker parameters only', async () => {
    const weak = await hash('password-of-old-days', { memoryCost: 8192, timeCost: 1, parallelism: 1 });
    expect(sut.needsRehash(weak)).toBe(true);
    expect(sut.needsRehash(await sut.hash('password-of-today'))).toBe(false);
  });
});
