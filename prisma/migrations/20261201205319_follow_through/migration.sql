-- AlterTable
ALTER TABLE "Match" ADD COLUMN "activityAt" DATETIME;
ALTER TABLE "Match" ADD COLUMN "checkinDueAt" DATETIME;
ALTER TABLE "Match" ADD COLUMN "checkinSentAt" DATETIME;
ALTER TABLE "Match" ADD COLUMN "closeReason" TEXT;
ALTER TABLE "Match" ADD COLUMN "flagReason" TEXT;
ALTER TABLE "Match" ADD COLUMN "flagResolvedAt" DATETIME;
ALTER TABLE "Match" ADD COLUMN "flaggedAt" DATETIME;
ALTER TABLE "Match" ADD COLUMN "flaggedById" TEXT;
ALTER TABLE "Match" ADD COLUMN "idleDeadlineAt" DATETIME;
ALTER TABLE "Match" ADD COLUMN "idleDueAt" DATETIME;
ALTER TABLE "Match" ADD COLUMN "nudgeDueAt" DATETIME;

-- AlterTable
ALTER TABLE "MatchNote" ADD COLUMN "doneAt" DATETIME;
ALTER TABLE "MatchNote" ADD COLUMN "doneById" TEXT;
ALTER TABLE "MatchNote" ADD COLUMN "dueOn" DATETIME;
ALTER TABLE "MatchNote" ADD COLUMN "ownerUserId" TEXT;
ALTER TABLE "MatchNote" ADD COLUMN "remindAt" DATETIME;
ALTER TABLE "MatchNote" ADD COLUMN "remindedAt" DATETIME;

-- CreateTable
CREATE TABLE "MatchSession" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "matchId" INTEGER NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "location" TEXT,
    "createdById" TEXT,
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "remindDayAt" DATETIME,
    "remindHourAt" DATETIME,
    "cancelledAt" DATETIME,
    "cancelledById" TEXT,
    "heldAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MatchSession_matchId_fkey" FOREIGN KEY ("matchId") REFERENCES "Match" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MatchCheckin" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "matchId" INTEGER NOT NULL,
    "authorUserId" TEXT,
    "role" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MatchCheckin_matchId_fkey" FOREIGN KEY ("matchId") REFERENCES "Match" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_GuildSettings" (
    "guildId" TEXT NOT NULL PRIMARY KEY,
    "moderatorRoleId" TEXT,
    "reviewRequired" BOOLEAN NOT NULL DEFAULT true,
    "weightIndustry" REAL NOT NULL DEFAULT 0.25,
    "weightStage" REAL NOT NULL DEFAULT 0.25,
    "weightTopics" REAL NOT NULL DEFAULT 0.35,
    "weightText" REAL NOT NULL DEFAULT 0.15,
    "suggestionsShown" INTEGER NOT NULL DEFAULT 5,
    "maxPendingRequests" INTEGER NOT NULL DEFAULT 3,
    "requestsPerHour" INTEGER NOT NULL DEFAULT 5,
    "commandsPerMinute" INTEGER NOT NULL DEFAULT 20,
    "requestExpiryDays" INTEGER NOT NULL DEFAULT 7,
    "cooldownDays" INTEGER NOT NULL DEFAULT 30,
    "matchChannelId" TEXT,
    "mentorRoleId" TEXT,
    "menteeRoleId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "checkinDays" INTEGER NOT NULL DEFAULT 14,
    "nudgeDays" INTEGER NOT NULL DEFAULT 21,
    "idleDays" INTEGER NOT NULL DEFAULT 60,
    "firstAcceptanceWins" BOOLEAN NOT NULL DEFAULT true
);
INSERT INTO "new_GuildSettings" ("commandsPerMinute", "cooldownDays", "createdAt", "guildId", "matchChannelId", "maxPendingRequests", "menteeRoleId", "mentorRoleId", "moderatorRoleId", "requestExpiryDays", "requestsPerHour", "reviewRequired", "suggestionsShown", "updatedAt", "weightIndustry", "weightStage", "weightText", "weightTopics") SELECT "commandsPerMinute", "cooldownDays", "createdAt", "guildId", "matchChannelId", "maxPendingRequests", "menteeRoleId", "mentorRoleId", "moderatorRoleId", "requestExpiryDays", "requestsPerHour", "reviewRequired", "suggestionsShown", "updatedAt", "weightIndustry", "weightStage", "weightText", "weightTopics" FROM "GuildSettings";
DROP TABLE "GuildSettings";
ALTER TABLE "new_GuildSettings" RENAME TO "GuildSettings";
CREATE TABLE "new_Profile" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "guildId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "headline" TEXT,
    "industry" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "changingCareer" BOOLEAN NOT NULL DEFAULT false,
    "targetIndustry" TEXT,
    "timezone" TEXT,
    "visibility" TEXT NOT NULL DEFAULT 'limited',
    "isMentor" BOOLEAN NOT NULL DEFAULT false,
    "canAdviseOn" TEXT,
    "mentorAvailable" BOOLEAN NOT NULL DEFAULT true,
    "mentorAvailableUntil" DATETIME,
    "mentorCapacity" INTEGER NOT NULL DEFAULT 1,
    "mentorAdvises" TEXT NOT NULL DEFAULT 'anyone',
    "isMentee" BOOLEAN NOT NULL DEFAULT false,
    "wantsAdviceOn" TEXT,
    "menteeAcceptsFrom" TEXT NOT NULL DEFAULT 'anyone',
    "menteeWaitingSince" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "mentorMissedInARow" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_Profile" ("canAdviseOn", "changingCareer", "createdAt", "displayName", "guildId", "headline", "id", "industry", "isMentee", "isMentor", "menteeAcceptsFrom", "menteeWaitingSince", "mentorAdvises", "mentorAvailable", "mentorAvailableUntil", "mentorCapacity", "stage", "targetIndustry", "timezone", "updatedAt", "userId", "visibility", "wantsAdviceOn") SELECT "canAdviseOn", "changingCareer", "createdAt", "displayName", "guildId", "headline", "id", "industry", "isMentee", "isMentor", "menteeAcceptsFrom", "menteeWaitingSince", "mentorAdvises", "mentorAvailable", "mentorAvailableUntil", "mentorCapacity", "stage", "targetIndustry", "timezone", "updatedAt", "userId", "visibility", "wantsAdviceOn" FROM "Profile";
DROP TABLE "Profile";
ALTER TABLE "new_Profile" RENAME TO "Profile";
CREATE INDEX "Profile_guildId_isMentor_mentorAvailable_idx" ON "Profile"("guildId", "isMentor", "mentorAvailable");
CREATE INDEX "Profile_guildId_isMentee_idx" ON "Profile"("guildId", "isMentee");
CREATE UNIQUE INDEX "Profile_guildId_userId_key" ON "Profile"("guildId", "userId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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
