CREATE TABLE "candidates" (
	"id" text PRIMARY KEY NOT NULL,
	"display_name" text NOT NULL,
	"email" text NOT NULL,
	"headline" text,
	"consented_at" timestamp with time zone NOT NULL,
	"consent_text_version" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "candidates_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "credential_skills" (
	"id" serial PRIMARY KEY NOT NULL,
	"credential_id" text NOT NULL,
	"candidate_id" text NOT NULL,
	"skill_key" text NOT NULL,
	"label" text NOT NULL,
	"mapping" text NOT NULL,
	"framework" text,
	"target_url" text,
	"source" text NOT NULL,
	"self_asserted" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credentials" (
	"id" text PRIMARY KEY NOT NULL,
	"candidate_id" text NOT NULL,
	"raw_text" text NOT NULL,
	"content_hash" text NOT NULL,
	"source" text NOT NULL,
	"format" text NOT NULL,
	"issuer_id" text,
	"issuer_name" text,
	"achievement_name" text,
	"achievement_type" text,
	"verdict" text NOT NULL,
	"report" jsonb NOT NULL,
	"verified_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"candidate_id" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credential_skills" ADD CONSTRAINT "credential_skills_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."credentials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credential_skills" ADD CONSTRAINT "credential_skills_candidate_id_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."candidates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_candidate_id_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."candidates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credential_skills_candidate_idx" ON "credential_skills" USING btree ("candidate_id");--> statement-breakpoint
CREATE INDEX "credential_skills_key_idx" ON "credential_skills" USING btree ("skill_key");--> statement-breakpoint
CREATE UNIQUE INDEX "credential_skills_credential_key_idx" ON "credential_skills" USING btree ("credential_id","skill_key");--> statement-breakpoint
CREATE UNIQUE INDEX "credentials_candidate_hash_idx" ON "credentials" USING btree ("candidate_id","content_hash");--> statement-breakpoint
CREATE INDEX "credentials_verdict_idx" ON "credentials" USING btree ("verdict");--> statement-breakpoint
CREATE INDEX "search_outbox_available_idx" ON "search_outbox" USING btree ("available_at");