-- AlterTable
ALTER TABLE "GuildSettings" ADD COLUMN     "checkinDays" INTEGER NOT NULL DEFAULT 14,
ADD COLUMN     "firstAcceptanceWins" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "idleDays" INTEGER NOT NULL DEFAULT 60,
ADD COLUMN     "nudgeDays" INTEGER NOT NULL DEFAULT 21;

-- AlterTable
ALTER TABLE "Profile" ADD COLUMN     "mentorMissedInARow" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Match" ADD COLUMN     "activityAt" TIMESTAMP(3),
ADD COLUMN     "checkinDueAt" TIMESTAMP(3),
ADD COLUMN     "checkinSentAt" TIMESTAMP(3),
ADD COLUMN     "closeReason" TEXT,
ADD COLUMN     "flagReason" TEXT,
ADD COLUMN     "flagResolvedAt" TIMESTAMP(3),
ADD COLUMN     "flaggedAt" TIMESTAMP(3),
ADD COLUMN     "flaggedById" TEXT,
ADD COLUMN     "idleDeadlineAt" TIMESTAMP(3),
ADD COLUMN     "idleDueAt" TIMESTAMP(3),
ADD COLUMN     "nudgeDueAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "MatchNote" ADD COLUMN     "doneAt" TIMESTAMP(3),
ADD COLUMN     "doneById" TEXT,
ADD COLUMN     "dueOn" TIMESTAMP(3),
ADD COLUMN     "ownerUserId" TEXT,
ADD COLUMN     "remindAt" TIMESTAMP(3),
ADD COLUMN     "remindedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "MatchSession" (
    "id" SERIAL NOT NULL,
    "matchId" INTEGER NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "location" TEXT,
    "createdById" TEXT,
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "remindDayAt" TIMESTAMP(3),
    "remindHourAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "cancelledById" TEXT,
    "heldAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MatchSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MatchCheckin" (
    "id" SERIAL NOT NULL,
    "matchId" INTEGER NOT NULL,
    "authorUserId" TEXT,
    "role" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MatchCheckin_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MatchSession_matchId_startsAt_idx" ON "MatchSession"("matchId", "startsAt");

-- CreateIndex
CREATE INDEX "MatchSession_status_startsAt_idx" ON "MatchSession"("status", "startsAt");

-- CreateIndex
CREATE INDEX "MatchSession_status_remindDayAt_idx" ON "MatchSession"("status", "remindDayAt");

-- CreateIndex
CREATE INDEX "MatchSession_status_remindHourAt_idx" ON "MatchSession"("status", "remindHourAt");

-- CreateIndex
CREATE UNIQUE INDEX "MatchCheckin_matchId_role_key" ON "MatchCheckin"("matchId", "role");

-- CreateIndex
CREATE INDEX "Match_status_checkinDueAt_idx" ON "Match"("status", "checkinDueAt");

-- CreateIndex
CREATE INDEX "Match_status_nudgeDueAt_idx" ON "Match"("status", "nudgeDueAt");

-- CreateIndex
CREATE INDEX "Match_status_idleDueAt_idx" ON "Match"("status", "idleDueAt");

-- CreateIndex
CREATE INDEX "Match_status_idleDeadlineAt_idx" ON "Match"("status", "idleDeadlineAt");

-- CreateIndex
CREATE INDEX "Match_guildId_flaggedAt_idx" ON "Match"("guildId", "flaggedAt");

-- CreateIndex
CREATE INDEX "MatchNote_remindAt_idx" ON "MatchNote"("remindAt");

-- AddForeignKey
ALTER TABLE "MatchSession" ADD CONSTRAINT "MatchSession_matchId_fkey" FOREIGN KEY ("matchId") REFERENCES "Match"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MatchCheckin" ADD CONSTRAINT "MatchCheckin_matchId_fkey" FOREIGN KEY ("matchId") REFERENCES "Match"("id") ON DELETE CASCADE ON UPDATE CASCADE;
