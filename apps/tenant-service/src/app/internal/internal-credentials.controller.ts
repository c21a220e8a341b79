import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ServiceOnly } from '@switchboard/backend-util-auth';
import { ApiErrors, ApiServiceAuth } from '../common/api-docs.decorator';
import { OAuthCredentialsView, WebhookSecretView } from '../integrations/integrations.dto';
import { IntegrationsService } from '../integrations/integrations.service';
import { AccessTokenGrantView } from '../phone-numbers/phone-numbers.dto';
import { PhoneNumbersService } from '../phone-numbers/phone-numbers.service';
import {
  ACCESS_TOKEN_CALLERS,
  OAUTH_CREDENTIALS_CALLERS,
  WEBHOOK_SECRET_CALLERS,
} from './internal-callers.constants';

/** Decrypted secrets, each for the one service that needs it; never cached, never stored elsewhere. */
@ApiTags('internal: credentials')
@Controller('internal')
export class InternalCredentialsController {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly numbers: PhoneNumbersService,
  ) {}

  @Get('integrations/:integrationId/oauth-credentials')
  @Header('Cache-Control', 'no-store')
  @ServiceOnly(...OAUTH_CREDENTIALS_CALLERS)
  @ApiServiceAuth(OAUTH_CREDENTIALS_CALLERS)
  @ApiOperation({ summary: "The integration's Genesys OAuth client and region (auth-service only)" })
  @ApiParam({ name: 'integrationId' })
  @ApiOkResponse({ type: OAuthCredentialsView })
  @ApiErrors(401, 404)
  oauthCredentials(@Param('integrationId') integrationId: string): Promise<OAuthCredentialsView> {
    return this.integrations.oauthCredentials(integrationId);
  }

  @Get('integrations/:integrationId/webhook-secret')
  @Header('Cache-Control', 'no-store')
  @ServiceOnly(...WEBHOOK_SECRET_CALLERS)
  @ApiServiceAuth(WEBHOOK_SECRET_CALLERS)
  @ApiOperation({
    summary: "The integration's outbound webhook signature secret (genesys-webhook-service only)",
  })
  @ApiParam({ name: 'integrationId' })
  @ApiOkResponse({ type: WebhookSecretView })
  @ApiErrors(401, 404)
  webhookSecret(@Param('integrationId') integrationId: string): Promise<WebhookSecretView> {
    return this.integrations.webhookSecret(integrationId);
  }

  @Get('phone-numbers/:phoneNumberId/access-token')
  @Header('Cache-Control', 'no-store')
  @ServiceOnly(...ACCESS_TOKEN_CALLERS)
  @ApiServiceAuth(ACCESS_TOKEN_CALLERS)
  @ApiOperation({ summary: "The number's Graph API access token (auth-service only)" })
  @ApiParam({ name: 'phoneNumberId', description: "Meta's phone_number_id" })
  @ApiOkResponse({ type: AccessTokenGrantView })
  @ApiErrors(401, 404)
  accessToken(@Param('phoneNumberId') phoneNumberId: string): Promise<AccessTokenGrantView> {
    return this.numbers.accessToken(phoneNumberId);
  }
}
