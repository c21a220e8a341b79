import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { SecretDecryptionError } from './secret-cipher.service';

/**
 * A stored secret that fails authentication (tampered, moved to another row, or encrypted with
 * a key that is no longer configured) is never served: 500, and a log line naming the row and
 * field (never the ciphertext) for the on-call engineer.
 */
@Catch(SecretDecryptionError)
export class SecretIntegrityFilter implements ExceptionFilter {
  private readonly logger = new Logger(SecretIntegrityFilter.name);

  catch(error: SecretDecryptionError, host: ArgumentsHost): void {
    this.logger.error(error.message);
    host.switchToHttp().getResponse<Response>().status(500).json({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'a stored secret failed its integrity check',
    });
  }
}
