CREATE TABLE "email_links" (
	"id" text PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"token_hash" text NOT NULL,
	"email" text NOT NULL,
	"submission_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "email_links_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "mail_outbox" (
	"id" serial PRIMARY KEY NOT NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text
);
--> statement-breakpoint
ALTER TABLE "candidates" DROP CONSTRAINT "candidates_email_unique";--> statement-breakpoint
ALTER TABLE "candidates" ADD COLUMN "identity" text DEFAULT 'asserted' NOT NULL;--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "submission_id" text;--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "holder_binding" jsonb;--> statement-breakpoint
ALTER TABLE "email_links" ADD CONSTRAINT "email_links_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "email_links_email_idx" ON "email_links" USING btree ("email");--> statement-breakpoint
CREATE INDEX "mail_outbox_unsent_idx" ON "mail_outbox" USING btree ("sent_at","next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "candidates_email_known_idx" ON "candidates" USING btree ("email") WHERE "candidates"."identity" <> 'pending';--> statement-breakpoint
CREATE INDEX "candidates_email_idx" ON "candidates" USING btree ("email");--> statement-breakpoint
CREATE INDEX "credentials_submission_idx" ON "credentials" USING btree ("submission_id");