// Seeds the `admin` account on first start: password from KEYWARDEN_ADMIN_PASSWORD, or generated
// and printed this once. An existing admin is left as it is.
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { hashPassword } from '../lib/auth/password';

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
try {
  const { rowCount } = await client.query(`SELECT 1 FROM users WHERE username = 'admin'`);
  if (!rowCount) {
    const given = process.env.KEYWARDEN_ADMIN_PASSWORD;
    const password = given || randomBytes(18).toString('base64url');
    // The first account holds every role, so one person can try everything; give others fewer.
    await client.query(
      `INSERT INTO users (id, username, password_hash, roles)
       VALUES ($1, 'admin', $2, ARRAY['viewer', 'operator', 'approver', 'auditor', 'admin']) ON CONFLICT DO NOTHING`,
      [randomUUID(), await hashPassword(password)],
    );
    console.log(
      given
        ? "[keywarden] Created the 'admin' account with the password from KEYWARDEN_ADMIN_PASSWORD."
        : `[keywarden] Created the 'admin' account. Its password, shown only this once: ${password}`,
    );
  }
} finally {
  await client.end();
}
