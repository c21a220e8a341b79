import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Post,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { PhoneNumbersService } from '../phone-numbers/phone-numbers.service';
import { type PreloadMediaDto, type UploadedMultipartFile, preloadMediaSchema } from './media.dto';
import { MediaStoreService } from './media-store.service';

@Controller('control/media')
export class MediaControlController {
  constructor(
    private readonly store: MediaStoreService,
    private readonly phoneNumbers: PhoneNumbersService,
  ) {}

  @Get()
  list() {
    return { items: this.store.list(), usage: this.store.usage };
  }

  /**
   * Preloads media as if a WhatsApp user had sent it, so that inbound webhooks can reference a
   * downloadable id. JSON (`contentBase64` or `text`, `mimeType`) or multipart (`file`, `type`).
   */
  @Post()
  @UseInterceptors(FileInterceptor('file'))
  preload(
    @Body(new ZodValidationPipe(preloadMediaSchema)) body: PreloadMediaDto,
    @UploadedFile() file: UploadedMultipartFile | undefined,
  ) {
    const bytes =
      file?.buffer ??
      (body.contentBase64 !== undefined ? Buffer.from(body.contentBase64, 'base64') : undefined) ??
      (body.text !== undefined ? Buffer.from(body.text, 'utf8') : undefined);
    const mimeType = body.mimeType ?? file?.mimetype;
    if (!bytes || !mimeType)
      throw new BadRequestException('a file (or contentBase64 or text) and its mimeType are required');
    const phoneNumber = this.phoneNumbers.resolve(body.phoneNumberId);
    const media = this.store.add({
      bytes,
      mimeType,
      origin: 'inbound',
      phoneNumberId: phoneNumber.phoneNumberId,
      filename: body.filename ?? file?.originalname,
    });
    return {
      id: media.id,
      mimeType: media.mimeType,
      fileSize: media.bytes.length,
      sha256: media.sha256Base64,
      sha256Hex: media.sha256Hex,
      phoneNumberId: media.phoneNumberId,
      url: this.store.downloadUrl(media),
    };
  }
}
