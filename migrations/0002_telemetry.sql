CREATE TABLE "executions" (
	"trace_id" uuid NOT NULL,
	"span_id" text NOT NULL,
	"prompt_name" text NOT NULL,
	"prompt_version" integer NOT NULL,
	"variant" text,
	"label" text,
	"digest" text,
	"fallback" text,
	"model" text,
	"provider" text,
	"started_at" timestamp with time zone NOT NULL,
	"latency_ms" double precision NOT NULL,
	"input_tokens" integer,
	"output_tokens" integer,
	"cost_usd" double precision,
	"is_error" boolean DEFAULT false NOT NULL,
	"error_type" text,
	"simulated" boolean DEFAULT false NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "executions_pkey" PRIMARY KEY("trace_id","span_id")
);
--> statement-breakpoint
CREATE TABLE "execution_rollups" (
	"width_seconds" integer NOT NULL,
	"prompt_name" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"prompt_version" integer NOT NULL,
	"variant" text DEFAULT '' NOT NULL,
	"calls" bigint NOT NULL,
	"errors" bigint NOT NULL,
	"simulated_calls" bigint NOT NULL,
	"latency_lo" smallint NOT NULL,
	"latency_hist" integer[] NOT NULL,
	"latency_sum_ms" double precision NOT NULL,
	"usage_calls" bigint NOT NULL,
	"input_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"cost_calls" bigint NOT NULL,
	"cost_usd" double precision NOT NULL,
	"cost_sq_usd" double precision NOT NULL,
	"last_call_at" timestamp with time zone NOT NULL,
	CONSTRAINT "execution_rollups_pkey" PRIMARY KEY("width_seconds","prompt_name","bucket_start","prompt_version","variant")
);
--> statement-breakpoint
CREATE TABLE "score_rollups" (
	"width_seconds" integer NOT NULL,
	"prompt_name" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"prompt_version" integer NOT NULL,
	"variant" text DEFAULT '' NOT NULL,
	"name" text NOT NULL,
	"n" bigint NOT NULL,
	"sum" double precision NOT NULL,
	"sum_sq" double precision NOT NULL,
	"positives" bigint NOT NULL,
	CONSTRAINT "score_rollups_pkey" PRIMARY KEY("width_seconds","prompt_name","bucket_start","prompt_version","variant","name")
);
--> statement-breakpoint
CREATE TABLE "scores" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "scores_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"trace_id" uuid NOT NULL,
	"span_id" text,
	"name" text NOT NULL,
	"value" double precision NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"execution_span_id" text
);
--> statement-breakpoint
CREATE INDEX "execution_rollups_width_bucket_idx" ON "execution_rollups" USING btree ("width_seconds","bucket_start");--> statement-breakpoint
CREATE INDEX "score_rollups_width_bucket_idx" ON "score_rollups" USING btree ("width_seconds","bucket_start");--> statement-breakpoint
CREATE INDEX "scores_trace_id_idx" ON "scores" USING btree ("trace_id");--> statement-breakpoint
CREATE INDEX "scores_pending_idx" ON "scores" USING btree ("trace_id") WHERE "scores"."execution_span_id" is null;