-- AlterTable
ALTER TABLE "Profile" ADD COLUMN "menteeSince" DATETIME;

-- CreateTable
CREATE TABLE "OfficeHour" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "guildId" TEXT NOT NULL,
    "hostUserId" TEXT,
    "hostName" TEXT,
    "topicKey" TEXT NOT NULL,
    "topicLabel" TEXT NOT NULL,
    "description" TEXT,
    "startsAt" DATETIME NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "seats" INTEGER NOT NULL,
    "channelId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "eventId" TEXT,
    "threadId" TEXT,
    "signupChannelId" TEXT,
    "signupMessageId" TEXT,
    "announceDueAt" DATETIME,
    "announcedUpTo" INTEGER NOT NULL DEFAULT 0,
    "cancelledAt" DATETIME,
    "cancelledById" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OfficeHourSignup" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "officeHourId" INTEGER NOT NULL,
    "userId" TEXT,
    "displayName" TEXT,
    "profileId" INTEGER,
    "status" TEXT NOT NULL,
    "joinedAt" DATETIME NOT NULL,
    "promotedAt" DATETIME,
    "leftAt" DATETIME,
    "attended" BOOLEAN,
    "remindAt" DATETIME,
    "noticeDueAt" DATETIME,
    "noticeKind" TEXT,
    CONSTRAINT "OfficeHourSignup_officeHourId_fkey" FOREIGN KEY ("officeHourId") REFERENCES "OfficeHour" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OfficeHourSignup_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "Profile" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OfficeHoursOptOut" (
    "guildId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,

    PRIMARY KEY ("guildId", "userId")
);

-- CreateTable
CREATE TABLE "Resource" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "guildId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "urlKey" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "note" TEXT,
    "addedById" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ResourceTopic" (
    "resourceId" INTEGER NOT NULL,
    "topicKey" TEXT NOT NULL,
    "topicLabel" TEXT NOT NULL,

    PRIMARY KEY ("resourceId", "topicKey"),
    CONSTRAINT "ResourceTopic_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "Resource" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "OfficeHour_guildId_status_startsAt_idx" ON "OfficeHour"("guildId", "status", "startsAt");

-- CreateIndex
CREATE INDEX "OfficeHour_hostUserId_idx" ON "OfficeHour"("hostUserId");

-- CreateIndex
CREATE INDEX "OfficeHour_announceDueAt_idx" ON "OfficeHour"("announceDueAt");

-- CreateIndex
CREATE INDEX "OfficeHourSignup_officeHourId_status_joinedAt_idx" ON "OfficeHourSignup"("officeHourId", "status", "joinedAt");

-- CreateIndex
CREATE INDEX "OfficeHourSignup_userId_idx" ON "OfficeHourSignup"("userId");

-- CreateIndex
CREATE INDEX "OfficeHourSignup_remindAt_idx" ON "OfficeHourSignup"("remindAt");

-- CreateIndex
CREATE INDEX "OfficeHourSignup_noticeDueAt_idx" ON "OfficeHourSignup"("noticeDueAt");

-- CreateIndex
CREATE INDEX "OfficeHourSignup_profileId_attended_idx" ON "OfficeHourSignup"("profileId", "attended");

-- CreateIndex
CREATE UNIQUE INDEX "OfficeHourSignup_officeHourId_userId_key" ON "OfficeHourSignup"("officeHourId", "userId");

-- CreateIndex
CREATE INDEX "Resource_guildId_createdAt_idx" ON "Resource"("guildId", "createdAt");

-- CreateIndex
CREATE INDEX "Resource_addedById_idx" ON "Resource"("addedById");

-- CreateIndex
CREATE UNIQUE INDEX "Resource_guildId_urlKey_key" ON "Resource"("guildId", "urlKey");

-- CreateIndex
CREATE INDEX "ResourceTopic_topicKey_idx" ON "ResourceTopic"("topicKey");

-- CreateIndex
CREATE INDEX "Match_guildId_activatedAt_idx" ON "Match"("guildId", "activatedAt");

-- CreateIndex
CREATE INDEX "Match_guildId_closedAt_idx" ON "Match"("guildId", "closedAt");

-- Backfill: members who are mentees already count from when their profile was made.
UPDATE "Profile" SET "menteeSince" = "createdAt" WHERE "isMentee" = 1 AND "menteeSince" IS NULL;
