// Local S3 API for the sandbox: s3rver on loopback, data under .sandbox/s3 (MinIO or S3 in deployments).
import S3rver from 's3rver';
import fs from 'node:fs';

const port = Number(process.env.PORT ?? 3200);
const directory = process.env.S3_DIRECTORY ?? '.sandbox/s3';
fs.mkdirSync(directory, { recursive: true });
const server = new S3rver({
  address: '127.0.0.1',
  port,
  directory,
  silent: true,
  configureBuckets: [{ name: 'media-inbound' }, { name: 'media-outbound' }],
});
await server.run();
console.log(
  JSON.stringify({ level: 'info', service: 'object-storage', msg: `S3 API on http://127.0.0.1:${port}` }),
);
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
