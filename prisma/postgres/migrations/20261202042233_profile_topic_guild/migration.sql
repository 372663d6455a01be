-- DropIndex
DROP INDEX "Profile_guildId_isMentee_idx";

-- AlterTable
-- Edited by hand: added nullable, filled from each tag's profile, then made required (Prisma's
-- diff would fail on a table that has rows).
ALTER TABLE "ProfileTopic" ADD COLUMN     "guildId" TEXT;
UPDATE "ProfileTopic" pt SET "guildId" = p."guildId" FROM "Profile" p WHERE p."id" = pt."profileId";
ALTER TABLE "ProfileTopic" ALTER COLUMN "guildId" SET NOT NULL;

-- CreateIndex
CREATE INDEX "Profile_guildId_isMentee_menteeWaitingSince_createdAt_idx" ON "Profile"("guildId", "isMentee", "menteeWaitingSince", "createdAt");

-- CreateIndex
CREATE INDEX "ProfileTopic_guildId_role_topicId_idx" ON "ProfileTopic"("guildId", "role", "topicId");

-- DropIndex
DROP INDEX "Profile_guildId_isMentor_mentorAvailable_idx";

-- CreateIndex
CREATE INDEX "Profile_guildId_isMentor_mentorAvailable_mentorAvailableUnt_idx" ON "Profile"("guildId", "isMentor", "mentorAvailable", "mentorAvailableUntil", "mentorCapacity");
