CREATE TABLE "exchanges" (
	"id" text PRIMARY KEY NOT NULL,
	"challenge" text NOT NULL,
	"candidate_name" text NOT NULL,
	"candidate_email" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"result" jsonb
);
