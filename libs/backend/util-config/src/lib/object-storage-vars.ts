import { z } from 'zod';
import { booleanVar, secret, urlVar, type ConfigContext } from './load-config';
import { requiredInProduction } from './infrastructure-vars';

/** s3rver's fixed credentials (tools/sandbox/object-storage-server.mjs). */
export const DEV_S3_CREDENTIAL = 'S3RVER';

/** The sandbox's s3rver. */
export const LOCAL_S3_ENDPOINT = 'http://127.0.0.1:3200';

/** Where a service's object storage (MinIO, S3, s3rver locally) is and how to sign in to it. */
export function objectStorageVars(ctx: ConfigContext) {
  return {
    /** Empty in production means AWS S3; MinIO (or s3rver locally) otherwise. */
    S3_ENDPOINT: ctx.isProduction ? urlVar().optional() : urlVar(LOCAL_S3_ENDPOINT),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_ACCESS_KEY_ID: requiredInProduction(ctx, z.string().min(1), DEV_S3_CREDENTIAL),
    S3_SECRET_ACCESS_KEY: secret(ctx, { devDefault: DEV_S3_CREDENTIAL }),
    /** Path-style addressing (`http://host/bucket/key`), needed by MinIO and s3rver. */
    S3_FORCE_PATH_STYLE: booleanVar(true),
  };
}

/** The loaded {@link objectStorageVars}. */
export interface ObjectStorageSettings {
  readonly S3_ENDPOINT?: string;
  readonly S3_REGION: string;
  readonly S3_ACCESS_KEY_ID: string;
  readonly S3_SECRET_ACCESS_KEY: string;
  readonly S3_FORCE_PATH_STYLE: boolean;
}
