import { mountPage } from "../common/mount";
import { AccessApp } from "./AccessApp";

mountPage("access", (shell) => <AccessApp initialProject={shell.project} />);
