import { z } from 'zod';
import { DEV_S3_CREDENTIAL, LOCAL_S3_ENDPOINT, objectStorageVars } from './object-storage-vars';

const development = z.object(objectStorageVars({ isProduction: false }));
const production = z.object(objectStorageVars({ isProduction: true }));

const STRONG_SECRET = '9f8e7d6c5b4a39281706';

function problemsOf(schema: z.ZodObject, env: Record<string, string>): string[] {
  const result = schema.safeParse(env);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe(objectStorageVars.name, () => {
  it('defaults to the sandbox s3rver with its fixed credentials outside production', () => {
    expect(development.parse({})).toEqual({
      S3_ENDPOINT: LOCAL_S3_ENDPOINT,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: DEV_S3_CREDENTIAL,
      S3_SECRET_ACCESS_KEY: DEV_S3_CREDENTIAL,
      S3_FORCE_PATH_STYLE: true,
    });
    expect(LOCAL_S3_ENDPOINT).toBe('http://127.0.0.1:3200');
    expect(DEV_S3_CREDENTIAL).toBe('S3RVER');
  });

  it('reads the environment', () => {
    expect(
      development.parse({
        S3_ENDPOINT: 'http://minio:9000',
        S3_REGION: 'eu-west-1',
        S3_ACCESS_KEY_ID: 'media',
        S3_SECRET_ACCESS_KEY: 'x',
        S3_FORCE_PATH_STYLE: 'false',
      }),
    ).toEqual({
      S3_ENDPOINT: 'http://minio:9000',
      S3_REGION: 'eu-west-1',
      S3_ACCESS_KEY_ID: 'media',
      S3_SECRET_ACCESS_KEY: 'x',
      S3_FORCE_PATH_STYLE: false,
    });
  });

  it('refuses an endpoint that is not an http(s) URL', () => {
    expect(problemsOf(development, { S3_ENDPOINT: 'minio:9000' })).toEqual([
      'S3_ENDPOINT: must be an http(s) URL',
    ]);
  });

  it('leaves the endpoint unset in production (AWS S3) and keeps the other defaults', () => {
    expect(production.parse({ S3_ACCESS_KEY_ID: 'media', S3_SECRET_ACCESS_KEY: STRONG_SECRET })).toEqual({
      S3_ENDPOINT: undefined,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: 'media',
      S3_SECRET_ACCESS_KEY: STRONG_SECRET,
      S3_FORCE_PATH_STYLE: true,
    });
  });

  it('needs the access key and the secret in production', () => {
    expect(problemsOf(production, {}).map((problem) => problem.split(':')[0])).toEqual([
      'S3_ACCESS_KEY_ID',
      'S3_SECRET_ACCESS_KEY',
    ]);
  });

  it('refuses the development secret and short or weak ones in production', () => {
    expect(
      problemsOf(production, { S3_ACCESS_KEY_ID: 'media', S3_SECRET_ACCESS_KEY: DEV_S3_CREDENTIAL }),
    ).toEqual([
      'S3_SECRET_ACCESS_KEY: must be at least 16 characters in production',
      'S3_SECRET_ACCESS_KEY: must not be the development default in production',
    ]);
    expect(
      problemsOf(production, { S3_ACCESS_KEY_ID: 'media', S3_SECRET_ACCESS_KEY: 'change-me-please-now' }),
    ).toEqual(['S3_SECRET_ACCESS_KEY: is a well-known weak value']);
  });
});
