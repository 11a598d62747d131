namespace Pulse.Sdk.Postgres.Migrations;

/// <summary>
/// The Pulse metadata schema as an ordered list of steps. A step, once released, never changes:
/// a change of schema is a new step at the end.
/// </summary>
public static class PulseSchema
{
    /// <summary>The table that records the applied versions.</summary>
    public const string VersionTable = "pulse_schema_version";

    /// <summary>The NOTIFY channel on which a change of a layout is announced.</summary>
    public const string LayoutsChannel = "pulse_layouts";

    /// <summary>The NOTIFY channel on which a new configuration version is announced (its number as the payload).</summary>
    public const string ConfigurationChannel = "pulse_config";

    /// <summary>Every step, in version order (1, 2, 3 ...).</summary>
    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
    [
        new(1, "tenants with their change sequence; widget templates; layouts", """
            CREATE TABLE pulse_tenants (
                tenant    text   PRIMARY KEY,
                last_uscn bigint NOT NULL
            );
            CREATE TABLE pulse_widget_templates (
                tenant      text    NOT NULL,
                id          uuid    NOT NULL,
                name        text    NOT NULL,
                widget_type text    NOT NULL,
                object_type text    NOT NULL,
                description text,
                statistics  jsonb   NOT NULL,
                user_edited boolean NOT NULL DEFAULT false,
                uscn        bigint  NOT NULL,
                deleted     boolean NOT NULL DEFAULT false,
                PRIMARY KEY (tenant, id)
            );
            CREATE TABLE pulse_layouts (
                tenant      text    NOT NULL,
                id          uuid    NOT NULL,
                template_id uuid    NOT NULL,
                name        text    NOT NULL DEFAULT '',
                objects     jsonb   NOT NULL,
                options     jsonb   NOT NULL DEFAULT '{}',
                active      boolean NOT NULL DEFAULT true,
                uscn        bigint  NOT NULL,
                deleted     boolean NOT NULL DEFAULT false,
                PRIMARY KEY (tenant, id)
            );
            """),
        new(2, "tabs (dashboards) and user preferences", """
            CREATE TABLE pulse_tabs (
                tenant     text    NOT NULL,
                id         uuid    NOT NULL,
                owner      text    NOT NULL,
                name       text    NOT NULL DEFAULT '',
                layout_ids uuid[]  NOT NULL DEFAULT '{}',
                uscn       bigint  NOT NULL,
                deleted    boolean NOT NULL DEFAULT false,
                PRIMARY KEY (tenant, id)
            );
            CREATE TABLE pulse_user_preferences (
                tenant    text    NOT NULL,
                user_name text    NOT NULL,
                prefs     jsonb   NOT NULL DEFAULT '{}',
                uscn      bigint  NOT NULL,
                deleted   boolean NOT NULL DEFAULT false,
                PRIMARY KEY (tenant, user_name)
            );
            """),
        new(3, "uscn indexes; NOTIFY pulse_layouts when a layout changes", """
            CREATE INDEX pulse_widget_templates_uscn ON pulse_widget_templates (tenant, uscn);
            CREATE INDEX pulse_layouts_uscn ON pulse_layouts (tenant, uscn);
            CREATE INDEX pulse_tabs_uscn ON pulse_tabs (tenant, uscn);
            CREATE INDEX pulse_user_preferences_uscn ON pulse_user_preferences (tenant, uscn);
            CREATE FUNCTION pulse_notify_layout() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('pulse_layouts', json_build_object(
                    'tenant', NEW.tenant, 'id', NEW.id, 'uscn', NEW.uscn,
                    'active', NEW.active, 'deleted', NEW.deleted)::text);
                RETURN NULL;
            END $$;
            CREATE TRIGGER pulse_layouts_notify AFTER INSERT OR UPDATE ON pulse_layouts
                FOR EACH ROW EXECUTE FUNCTION pulse_notify_layout();
            """),
        new(4, "layout owner (counts against max_widgets_per_user); shared tabs (shared dashboards)", """
            ALTER TABLE pulse_layouts ADD COLUMN owner text;
            ALTER TABLE pulse_tabs ADD COLUMN shared boolean NOT NULL DEFAULT false;
            CREATE INDEX pulse_layouts_owner ON pulse_layouts (tenant, owner) WHERE NOT deleted;
            """),
        new(5, "access assigned in Pulse (read by the permissions role), versioned by one sequence", """
            CREATE SEQUENCE pulse_user_access_version;
            CREATE TABLE pulse_user_access (
                tenant     text        NOT NULL,
                user_name  text        NOT NULL,
                privileges jsonb,
                access     jsonb,
                changed_by text,
                changed_at timestamptz NOT NULL,
                version    bigint      NOT NULL,
                deleted    boolean     NOT NULL DEFAULT false,
                PRIMARY KEY (tenant, user_name)
            );
            CREATE INDEX pulse_user_access_version_index ON pulse_user_access (version);
            """),
        // The version is the primary key: two writers can never both write version N + 1. The document is json, not jsonb,
        // so that it comes back as written (jsonb would reorder the keys of a dictionary such as an agent's skills).
        new(6, "the configuration service's store: one row per configuration version; NOTIFY pulse_config on each", """
            CREATE TABLE pulse_config_versions (
                version    bigint      PRIMARY KEY,
                document   json        NOT NULL,
                change     text        NOT NULL,
                changed_by text,
                changed_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE FUNCTION pulse_notify_config() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('pulse_config', NEW.version::text);
                RETURN NULL;
            END $$;
            CREATE TRIGGER pulse_config_versions_notify AFTER INSERT ON pulse_config_versions
                FOR EACH ROW EXECUTE FUNCTION pulse_notify_config();
            """),
        // Read by id at every request of a wall screen (docs/api.md, "Kiosk sessions"); secrets only as SHA-256 digests.
        new(7, "kiosk sessions of unattended wall screens, each bound to one tab", """
            CREATE TABLE pulse_kiosk_sessions (
                id              uuid        PRIMARY KEY,
                tenant          text        NOT NULL,
                tab_id          uuid        NOT NULL,
                name            text        NOT NULL,
                created_by      text        NOT NULL,
                created_at      timestamptz NOT NULL,
                expires_at      timestamptz NOT NULL,
                revoked_at      timestamptz,
                link_hash       bytea,
                link_expires_at timestamptz NOT NULL,
                secret_hash     bytea
            );
            CREATE INDEX pulse_kiosk_sessions_tenant_index ON pulse_kiosk_sessions (tenant, created_at);
            """),
    ];

    /// <summary>The version of the newest step.</summary>
    public static int LatestVersion => Migrations[^1].Version;
}
