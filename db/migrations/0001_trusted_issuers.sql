CREATE TABLE "trusted_issuers" (
	"issuer_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"url" text,
	"location" text,
	"registry" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL
);
