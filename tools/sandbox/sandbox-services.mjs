// What the sandbox runs, in start order. Each later issue adds its services here.
// Every process listens on loopback only.
export const SANDBOX_PROCESSES = [
  {
    name: 'object-storage',
    description: 'S3 API (s3rver) with buckets media-inbound, media-outbound',
    command: ['node', 'tools/sandbox/object-storage-server.mjs'],
    port: 3200,
    readyPath: '/',
    env: { PORT: '3200', S3_DIRECTORY: '.sandbox/s3' },
  },
  {
    name: 'whatsapp-simulator',
    description: 'WhatsApp Cloud API simulator (Graph API + control API)',
    command: ['node', 'dist/apps/whatsapp-simulator/main.js'],
    build: 'whatsapp-simulator',
    port: 3100,
    readyPath: '/health/ready',
    env: { PORT: '3100' },
  },
  {
    name: 'genesys-simulator',
    description: 'Genesys Cloud simulator (login, Open Messaging API + control API)',
    command: ['node', 'dist/apps/genesys-simulator/main.js'],
    build: 'genesys-simulator',
    port: 3101,
    readyPath: '/health/ready',
    env: { PORT: '3101' },
  },
];
