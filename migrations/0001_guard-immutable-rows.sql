-- Published versions are immutable (SPEC §4): only the lifecycle status and the eval summary
-- slot may change, and nothing is ever deleted. The audit log is append-only. These triggers
-- hold the line for every client, not only for @canon/db's verbs.
CREATE FUNCTION "canon_guard_prompt_versions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'prompt versions are never deleted (prompt_id %, version %)', OLD.prompt_id, OLD.version
      USING ERRCODE = 'restrict_violation';
  END IF;
  IF (NEW.id, NEW.prompt_id, NEW.version, NEW.definition, NEW.digest, NEW.source_commit,
      NEW.source_path, NEW.published_by, NEW.published_at)
     IS DISTINCT FROM
     (OLD.id, OLD.prompt_id, OLD.version, OLD.definition, OLD.digest, OLD.source_commit,
      OLD.source_path, OLD.published_by, OLD.published_at) THEN
    RAISE EXCEPTION 'prompt versions are immutable (prompt_id %, version %): only status and eval_summary may change', OLD.prompt_id, OLD.version
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "prompt_versions_immutable"
  BEFORE UPDATE OR DELETE ON "prompt_versions"
  FOR EACH ROW EXECUTE FUNCTION "canon_guard_prompt_versions"();--> statement-breakpoint
CREATE FUNCTION "canon_guard_audit_log"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'restrict_violation';
END
$$;--> statement-breakpoint
CREATE TRIGGER "audit_log_append_only"
  BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION "canon_guard_audit_log"();
