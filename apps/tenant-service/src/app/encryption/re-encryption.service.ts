import { Transactions, type PlatformTx } from '@switchboard/backend-data-access-persistence';
import { Injectable, Logger } from '@nestjs/common';
import type { Actor } from '../access/actor.util';
import { AuditTrail } from '../audit/audit-trail.service';
import { SecretCipher, SecretDecryptionError } from '../crypto/secret-cipher.service';
import type { EncryptionStatusView, ReEncryptionFailureView, ReEncryptionResultView } from './encryption.dto';

/** Every encrypted column: table, row id column, field name in the AAD, and its columns. */
const ENCRYPTED_FIELDS = [
  { table: 'phone_numbers', field: 'access_token' },
  { table: 'genesys_integrations', field: 'client_secret' },
  { table: 'genesys_integrations', field: 'webhook_secret' },
] as const;

const BATCH_SIZE = 100;

/**
 * Key rotation, platform-admin only: after a new key is added to TENANT_ENCRYPTION_KEYS and made
 * active, this moves every stored secret to it (decrypt with the key its envelope names, encrypt
 * with the active key, bound to the same row and field; fingerprints are recomputed, which also
 * rotates the fingerprint key). Batches of 100 rows, each batch its own transaction: safe to run
 * again after an interruption. Afterwards the old key can be removed from the configuration.
 */
@Injectable()
export class ReEncryptionService {
  private readonly logger = new Logger(ReEncryptionService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly cipher: SecretCipher,
    private readonly audit: AuditTrail,
  ) {}

  status(): Promise<EncryptionStatusView> {
    return this.transactions.asPlatform((tx) => this.statusIn(tx));
  }

  async reEncrypt(actor: Actor): Promise<ReEncryptionResultView> {
    const activeKeyId = this.cipher.activeKeyId;
    const failures: ReEncryptionFailureView[] = [];
    let reEncrypted = 0;
    for (const { table, field } of ENCRYPTED_FIELDS) {
      const failedIds = new Set<string>();
      for (;;) {
        const moved = await this.transactions.asPlatform(async (tx) => {
          const rows: { id: string; ciphertext: string }[] = await tx.manager.query(
            `SELECT id, ${field}_ciphertext AS ciphertext FROM ${table}
             WHERE ${field}_ciphertext IS NOT NULL AND split_part(${field}_ciphertext, ':', 2) <> $1
               AND NOT (id = ANY($2::uuid[]))
             ORDER BY id LIMIT ${BATCH_SIZE} FOR UPDATE`,
            [activeKeyId, [...failedIds]],
          );
          for (const row of rows) {
            const binding = { table, rowId: row.id, field };
            try {
              const { envelope, plaintext } = this.cipher.reEncrypt(row.ciphertext, binding);
              await tx.manager.query(
                `UPDATE ${table} SET ${field}_ciphertext = $2, ${field}_fingerprint = $3 WHERE id = $1`,
                [row.id, envelope, this.cipher.fingerprint(plaintext)],
              );
              reEncrypted += 1;
            } catch (error) {
              if (!(error instanceof SecretDecryptionError)) throw error;
              failedIds.add(row.id);
              failures.push({ field: `${table}.${field}`, rowId: row.id, reason: error.message });
              this.logger.error(error.message);
            }
          }
          return rows.length;
        });
        if (moved < BATCH_SIZE) break;
      }
    }
    return this.transactions.asPlatform(async (tx) => {
      const status = await this.statusIn(tx);
      await this.audit.recordPlatform(tx, actor, {
        action: 'encryption.re-encrypted',
        entityType: 'encryption-key',
        entityId: activeKeyId,
        after: { activeKeyId, reEncrypted, failures: failures.length, ciphertexts: status.ciphertexts },
      });
      return { activeKeyId, reEncrypted, failures, status };
    });
  }

  private async statusIn(tx: PlatformTx): Promise<EncryptionStatusView> {
    const configured = new Set(this.cipher.keyIds);
    const ciphertexts: EncryptionStatusView['ciphertexts'] = [];
    for (const { table, field } of ENCRYPTED_FIELDS) {
      const rows: { key_id: string; count: number }[] = await tx.manager.query(
        `SELECT split_part(${field}_ciphertext, ':', 2) AS key_id, count(*)::int AS count FROM ${table}
         WHERE ${field}_ciphertext IS NOT NULL GROUP BY 1 ORDER BY 1`,
      );
      for (const row of rows) {
        ciphertexts.push({
          field: `${table}.${field}`,
          keyId: row.key_id,
          count: row.count,
          configured: configured.has(row.key_id),
        });
      }
    }
    return { activeKeyId: this.cipher.activeKeyId, configuredKeyIds: [...configured], ciphertexts };
  }
}
