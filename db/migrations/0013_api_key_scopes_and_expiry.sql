ALTER TABLE "api_keys" ADD COLUMN "scopes" text[] DEFAULT '{verify,submit}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "expires_at" timestamp with time zone;