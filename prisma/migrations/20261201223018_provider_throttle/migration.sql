-- AlterTable
ALTER TABLE "providers" ADD COLUMN     "throttled_until" TIMESTAMPTZ(3);
