import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import { EmbeddedSignupService } from '../embedded-signup/embedded-signup.service';
import { FaultsService } from '../faults/faults.service';
import { GraphApiException } from '../graph-errors/graph-api.exception';
import { GraphExceptionFilter } from '../graph-errors/graph-exception.filter';
import { assertGraphVersion } from '../graph-errors/graph-version.util';
import { PhoneNumbersService } from '../phone-numbers/phone-numbers.service';
import { type UploadedMultipartFile } from './media.dto';
import { MediaStoreService, StoredMedia } from './media-store.service';
import { uploadProblem } from './media-types.util';

/** Graph media endpoints (spec A4): upload, retrieve URL, delete. */
@Controller()
@UseFilters(GraphExceptionFilter)
export class MediaGraphController {
  constructor(
    private readonly store: MediaStoreService,
    private readonly phoneNumbers: PhoneNumbersService,
    private readonly faults: FaultsService,
    private readonly signup: EmbeddedSignupService,
  ) {}

  @Post(':version/:phoneNumberId/media')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file'))
  async upload(
    @Param('version') version: string,
    @Param('phoneNumberId') phoneNumberId: string,
    @Headers('authorization') authorization: string | undefined,
    @Body() fields: Record<string, unknown> | undefined,
    @UploadedFile() file: UploadedMultipartFile | undefined,
    @Req() request: Request,
  ) {
    assertGraphVersion(version, request.path);
    await this.faults.inject('media', phoneNumberId);
    this.phoneNumbers.authorize(authorization, phoneNumberId);
    const messagingProduct = fields?.['messaging_product'];
    if (messagingProduct === undefined) throw GraphApiException.missing('messaging_product');
    if (messagingProduct !== 'whatsapp')
      throw GraphApiException.invalid('messaging_product', "must be 'whatsapp'");
    if (!file) throw GraphApiException.missing('file');
    const type = typeof fields?.['type'] === 'string' ? fields['type'] : undefined;
    if (!type) throw GraphApiException.missing('type');
    const problem = uploadProblem(type, file.buffer);
    if (problem) throw GraphApiException.of(131053, { details: problem });
    const media = this.store.add({
      bytes: file.buffer,
      mimeType: type,
      origin: 'upload',
      phoneNumberId,
      filename: file.originalname,
    });
    return { id: media.id };
  }

  // Matches every two-segment GET: MediaGraphModule must be imported after all control modules.
  // A registered phone number id answers the phone number object (Embedded Signup reads its
  // display number); any other id is a media id.
  @Get(':version/:mediaId')
  async retrieve(
    @Param('version') version: string,
    @Param('mediaId') mediaId: string,
    @Query('phone_number_id') phoneNumberId: string | undefined,
    @Headers('authorization') authorization: string | undefined,
    @Req() request: Request,
  ) {
    const number = this.phoneNumbers.find(mediaId);
    if (number) {
      assertGraphVersion(version, request.path);
      await this.faults.inject('onboarding', number.phoneNumberId);
      this.phoneNumbers.authorize(authorization, number.phoneNumberId, number.phoneNumberId, 'get');
      return this.signup.phoneNumberObject(number);
    }
    const media = await this.authorizedMedia(version, mediaId, phoneNumberId, authorization, request, 'get');
    return {
      messaging_product: 'whatsapp',
      url: this.store.downloadUrl(media),
      mime_type: media.mimeType,
      sha256: media.sha256Hex,
      file_size: String(media.bytes.length),
      id: media.id,
    };
  }

  @Delete(':version/:mediaId')
  async remove(
    @Param('version') version: string,
    @Param('mediaId') mediaId: string,
    @Query('phone_number_id') phoneNumberId: string | undefined,
    @Headers('authorization') authorization: string | undefined,
    @Req() request: Request,
  ) {
    const media = await this.authorizedMedia(
      version,
      mediaId,
      phoneNumberId,
      authorization,
      request,
      'delete',
    );
    this.store.delete(media.id);
    return { success: true };
  }

  private async authorizedMedia(
    version: string,
    mediaId: string,
    phoneNumberId: string | undefined,
    authorization: string | undefined,
    request: Request,
    method: 'get' | 'delete',
  ): Promise<StoredMedia> {
    assertGraphVersion(version, request.path);
    const media = this.store.find(mediaId);
    await this.faults.inject('media', media?.phoneNumberId ?? phoneNumberId);
    this.phoneNumbers.authorize(authorization, media?.phoneNumberId, mediaId, method);
    const ownedElsewhere =
      phoneNumberId !== undefined &&
      media?.phoneNumberId !== undefined &&
      media.phoneNumberId !== phoneNumberId;
    if (!media || ownedElsewhere) throw GraphApiException.unknownObject(mediaId, method);
    return media;
  }
}
