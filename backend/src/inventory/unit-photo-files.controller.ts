import { Controller, Get, Param, ParseUUIDPipe, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../core/auth/auth.decorators';
import { UnitPhotosService } from './unit-photos.service';

/** Listing photos as images: the one inventory route without sign-in (a class of its own, so the spec shows no security on it). */
@ApiTags('inventory')
@Controller('inventory')
export class UnitPhotoFilesController {
  constructor(private readonly photos: UnitPhotosService) {}

  /** A unit's photo, as an image. No sign-in: listing photos are made to be shown (the ids are unguessable). */
  @Public()
  @Get(':id/photos/:photoId')
  @ApiProduces('image/jpeg', 'image/png', 'image/webp')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async getUnitPhoto(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('photoId', ParseUUIDPipe) photoId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const { bytes, contentType } = await this.photos.read(id, photoId);
    // A photo id never gets other bytes, so browsers may keep it.
    void reply.header('cache-control', 'public, max-age=31536000, immutable');
    return new StreamableFile(bytes, { type: contentType, length: bytes.length });
  }
}
