CREATE TABLE "saved_search_seen" (
	"saved_search_id" text NOT NULL,
	"candidate_id" text NOT NULL,
	CONSTRAINT "saved_search_seen_saved_search_id_candidate_id_pk" PRIMARY KEY("saved_search_id","candidate_id")
);
--> statement-breakpoint
CREATE TABLE "saved_searches" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_id" text NOT NULL,
	"name" text NOT NULL,
	"query" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_visited_at" timestamp with time zone NOT NULL,
	"matches_at_last_visit" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "saved_searches_owner_name" UNIQUE("owner_id","name")
);
--> statement-breakpoint
ALTER TABLE "saved_search_seen" ADD CONSTRAINT "saved_search_seen_saved_search_id_saved_searches_id_fk" FOREIGN KEY ("saved_search_id") REFERENCES "public"."saved_searches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_search_seen" ADD CONSTRAINT "saved_search_seen_candidate_id_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."candidates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_searches" ADD CONSTRAINT "saved_searches_owner_id_staff_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."staff_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "saved_search_seen_candidate_id_index" ON "saved_search_seen" USING btree ("candidate_id");