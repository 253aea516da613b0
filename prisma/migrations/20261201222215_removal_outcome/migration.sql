-- AlterTable
ALTER TABLE "distributions" ADD COLUMN     "removal_deletion_date" TIMESTAMPTZ(3),
ADD COLUMN     "removal_detail" TEXT;
