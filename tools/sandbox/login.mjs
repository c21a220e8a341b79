#!/usr/bin/env node
// Signs the sandbox's platform admin in through the gateway and prints the access token, for
// curl: TOKEN=$(node tools/sandbox/login.mjs); curl -H "authorization: Bearer $TOKEN" ...
import fs from 'node:fs';

const secrets = JSON.parse(fs.readFileSync('.sandbox/secrets.json', 'utf8'));
const response = await fetch('http://127.0.0.1:3000/api/auth/login', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: secrets.adminEmail, password: secrets.adminPassword }),
});
if (!response.ok) {
  console.error(`login failed: HTTP ${response.status} ${await response.text()}`);
  process.exit(1);
}
console.log((await response.json()).accessToken);
