export function App({ user }) {
  const { t } = useTranslation();
  return (
    <main>
      <h1>{t("welcome", { name: user.name })}</h1>
      <button>{t("checkout")}</button>
    </main>
  );
}
