ALTER TABLE "credentials" ADD COLUMN "document_id" text;--> statement-breakpoint
CREATE INDEX "credentials_candidate_document_idx" ON "credentials" USING btree ("candidate_id","document_id");