-- AlterTable
ALTER TABLE "providers" ADD COLUMN     "sts_endpoint" VARCHAR(2048);
