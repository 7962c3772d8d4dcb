import { MigrationInterface, QueryRunner } from "typeorm";

/** Listings get a street address and photos (bytes in the PhotoStore, rows here); the first photo is the cover on cards. */
export class ListingPhotos1796421574796 implements MigrationInterface {
    name = 'ListingPhotos1796421574796'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "unit_photos" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid NOT NULL, "storage_key" character varying(100) NOT NULL, "content_type" character varying(40) NOT NULL, "size_bytes" integer NOT NULL, "position" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_20673a7d1b957a16e66486c4568" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_unit_photos_unit" ON "unit_photos"  ("unit_id", "position") `);
        await queryRunner.query(`ALTER TABLE "units" ADD "street" character varying(200)`);
        await queryRunner.query(`ALTER TABLE "units" ADD "cover_photo_id" uuid`);
        await queryRunner.query(`ALTER TABLE "unit_photos" ADD CONSTRAINT "FK_4a265dbd3d5b7738a5990ee3780" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "unit_photos" DROP CONSTRAINT "FK_4a265dbd3d5b7738a5990ee3780"`);
        await queryRunner.query(`ALTER TABLE "units" DROP COLUMN "cover_photo_id"`);
        await queryRunner.query(`ALTER TABLE "units" DROP COLUMN "street"`);
        await queryRunner.query(`DROP INDEX "public"."idx_unit_photos_unit"`);
        await queryRunner.query(`DROP TABLE "unit_photos"`);
    }

}
