CREATE TABLE "skill_aliases" (
	"alias_text" text PRIMARY KEY NOT NULL,
	"skill_key" text NOT NULL,
	"label" text NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
