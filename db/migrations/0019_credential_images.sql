CREATE TABLE "credential_images" (
	"credential_id" text PRIMARY KEY NOT NULL,
	"source_url" text NOT NULL,
	"media_type" text,
	"bytes" "bytea",
	"refusal" text,
	"fetched_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credential_images" ADD CONSTRAINT "credential_images_credential_id_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."credentials"("id") ON DELETE cascade ON UPDATE no action;