import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { WHATSAPP_SIMULATOR_CONFIG, type WhatsAppSimulatorConfig } from '../config/whatsapp-simulator.config';
import { FaultsModule } from '../faults/faults.module';
import { PhoneNumbersModule } from '../phone-numbers/phone-numbers.module';
import { MediaControlController } from './media-control.controller';
import { MediaDownloadController } from './media-download.controller';
import { MediaStoreService } from './media-store.service';

@Module({
  imports: [
    PhoneNumbersModule,
    FaultsModule,
    // Multipart files are held in memory; larger ones fail with 413, which Graph routes answer as 131053.
    MulterModule.registerAsync({
      inject: [WHATSAPP_SIMULATOR_CONFIG],
      useFactory: (config: WhatsAppSimulatorConfig) => ({ limits: { fileSize: config.MAX_UPLOAD_BYTES } }),
    }),
  ],
  controllers: [MediaControlController, MediaDownloadController],
  providers: [MediaStoreService],
  exports: [MediaStoreService, MulterModule],
})
export class MediaModule {}
