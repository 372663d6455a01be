-- AlterTable
ALTER TABLE "Profile" ADD COLUMN     "menteeSince" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "OfficeHour" (
    "id" SERIAL NOT NULL,
    "guildId" TEXT NOT NULL,
    "hostUserId" TEXT,
    "hostName" TEXT,
    "topicKey" TEXT NOT NULL,
    "topicLabel" TEXT NOT NULL,
    "description" TEXT,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "seats" INTEGER NOT NULL,
    "channelId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "eventId" TEXT,
    "threadId" TEXT,
    "signupChannelId" TEXT,
    "signupMessageId" TEXT,
    "announceDueAt" TIMESTAMP(3),
    "announcedUpTo" INTEGER NOT NULL DEFAULT 0,
    "cancelledAt" TIMESTAMP(3),
    "cancelledById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OfficeHour_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OfficeHourSignup" (
    "id" SERIAL NOT NULL,
    "officeHourId" INTEGER NOT NULL,
    "userId" TEXT,
    "displayName" TEXT,
    "profileId" INTEGER,
    "status" TEXT NOT NULL,
    "joinedAt" TIMESTAMP(3) NOT NULL,
    "promotedAt" TIMESTAMP(3),
    "leftAt" TIMESTAMP(3),
    "attended" BOOLEAN,
    "remindAt" TIMESTAMP(3),
    "noticeDueAt" TIMESTAMP(3),
    "noticeKind" TEXT,

    CONSTRAINT "OfficeHourSignup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OfficeHoursOptOut" (
    "guildId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OfficeHoursOptOut_pkey" PRIMARY KEY ("guildId","userId")
);

-- CreateTable
CREATE TABLE "Resource" (
    "id" SERIAL NOT NULL,
    "guildId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "urlKey" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "note" TEXT,
    "addedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Resource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResourceTopic" (
    "resourceId" INTEGER NOT NULL,
    "topicKey" TEXT NOT NULL,
    "topicLabel" TEXT NOT NULL,

    CONSTRAINT "ResourceTopic_pkey" PRIMARY KEY ("resourceId","topicKey")
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

-- AddForeignKey
ALTER TABLE "OfficeHourSignup" ADD CONSTRAINT "OfficeHourSignup_officeHourId_fkey" FOREIGN KEY ("officeHourId") REFERENCES "OfficeHour"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfficeHourSignup" ADD CONSTRAINT "OfficeHourSignup_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "Profile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResourceTopic" ADD CONSTRAINT "ResourceTopic_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "Resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;
