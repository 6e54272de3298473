CREATE TABLE "presentation_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"nonce" text NOT NULL,
	"template" jsonb NOT NULL,
	"dcql_query" jsonb NOT NULL,
	"candidate_name" text NOT NULL,
	"candidate_email" text NOT NULL,
	"invitation_id" text,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"fetched_at" timestamp with time zone,
	"response_mode" text,
	"encryption_key" jsonb,
	"answered_at" timestamp with time zone,
	"outcome" text,
	"refusal" text,
	"result" jsonb,
	"candidate_id" text,
	"submission_id" text
);
--> statement-breakpoint
ALTER TABLE "presentation_requests" ADD CONSTRAINT "presentation_requests_invitation_id_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."invitations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "presentation_requests_created_at_idx" ON "presentation_requests" USING btree ("created_at");