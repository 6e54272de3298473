CREATE TABLE "verdict_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"credential_id" text NOT NULL,
	"from_verdict" text NOT NULL,
	"to_verdict" text NOT NULL,
	"reason" text,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "verdict_changes" ADD CONSTRAINT "verdict_changes_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."credentials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "verdict_changes_changed_at_idx" ON "verdict_changes" USING btree ("changed_at");