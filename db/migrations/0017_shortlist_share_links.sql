CREATE TABLE "shortlist_share_links" (
	"id" text PRIMARY KEY NOT NULL,
	"shortlist_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"recipient" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_by_id" text,
	"views" integer DEFAULT 0 NOT NULL,
	"last_viewed_at" timestamp with time zone,
	"last_audited_view_at" timestamp with time zone,
	"last_audited_view_from" text,
	CONSTRAINT "shortlist_share_links_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "shortlist_share_links" ADD CONSTRAINT "shortlist_share_links_shortlist_id_shortlists_id_fk" FOREIGN KEY ("shortlist_id") REFERENCES "public"."shortlists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shortlist_share_links" ADD CONSTRAINT "shortlist_share_links_created_by_id_staff_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "shortlist_share_links_shortlist_idx" ON "shortlist_share_links" USING btree ("shortlist_id");